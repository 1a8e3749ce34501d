"""Stage 3, vectors to an index on disk: versions published atomically, the SQLite catalogue,
the lexical statistics, the build, a version loaded for reading."""
