"""Around the index: moderators' changes to the corpus (drafts, files, the curator),
per-server corpora, the audit log, readers' feedback."""
