// Preloaded into dynalite (node --require): the tables hold report text, so LevelDB's files are created
// readable by their owner only (0600), whatever the user's umask. The data folder is 0700 as well.
process.umask(0o077);
