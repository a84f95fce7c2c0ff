// Imported first by every entry point (CLI, web mode, Electron main), before any file is touched.
// sharp's decoding, sqlite3's queries, hashing, fsync and file reads all queue on libuv's one pool
// of worker threads, 4 by default: with two images being made and a store flushing a file to
// disk, a database query or the next file's read waits behind them and a core sits idle.
import os from 'node:os';

if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = String(Math.max(8, os.availableParallelism() * 2));
