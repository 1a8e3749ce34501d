"""Stage 1, corpus to sentences: reading files, fetching and extracting pages, sentence
boundaries, who said it, near-duplicate sentences."""
