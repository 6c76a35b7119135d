/** Sizes shared by the bench children (the Python side mirrors them in python/workloads.py). */

/** Round trips per timed call of a ping-pong: the main greenlet's own switches are ~1/K of it. */
export const K = 1000;
/** Stack depths (marked frames on each greenlet's stack at its switch) of the depth series. */
export const DEPTHS = [1, 5, 10, 25, 50, 100];
/** The "deep switch" figure is the depth series at this depth. */
export const DEEP = 50;
/** Items through the generator pipeline per timed call (BENCH_ITEMS lowers it for a smoke run). */
export const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
/** Longest a pipeline call may take: a slower backend passes fewer items and says so. */
export const PIPELINE_SECONDS = 1.5;
