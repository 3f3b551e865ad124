/**
 * `npm run bench`: every benchmark in bench/, one after the other (they start their own server
 * processes, so running them side by side would measure each other). Each writes its section
 * of BENCHMARKS.md.
 */
await import('./vote-burst.js');
