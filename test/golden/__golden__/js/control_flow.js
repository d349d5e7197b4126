// numbat: kernel kernel (i32[], i32[]) grid 1-D, generated JavaScript
(() => {
  function $outOfRange(i, n, where, view) {
    return view && i >= -2147483648 && i < -2147483616
      ? "numbat: an index on axis " + (i - (-2147483648)) + " is outside the view's shape (or not an integer) for " + where
      : "numbat: index " + i + " is out of range [0, " + n + ") for " + where;
  }
  function $checkIndex(i, n, site, view) {
    if (i >= 0 && i < n) return i;
    throw new RangeError($outOfRange(i, n, $sites[site], view));
  }
  const $sites = ["parameter 'x' of kernel 'kernel' (test/golden/goldenKernels.ts:80)","parameter 'out' of kernel 'kernel' (test/golden/goldenKernels.ts:83)"];
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // x: i32[]
    const $b1 = $bufs[1]; // out: i32[] (written)
    const $s0 = $scalars[0]; // grid0: i32
    $grid: for (let i = $begin; i < $end; i++) {
      let s = 0;
      let k = 0;
      L1: while ((k < 10)) {
        L1_body: {
          if ((k === i)) {
            break L1_body;
          }
          if ((s > 100)) {
            break L1;
          }
          s = (s + ($b0[$checkIndex(k, $b0.length, 0)] | 0) | 0);
        }
        k = (k + 1 | 0);
      }
      if ((s < 0)) {
        continue $grid;
      }
      $b1[$checkIndex(i, $b1.length, 1)] = (((s >>> 0) >>> 1) | 0);
    }
    return undefined;
  }
  return { run };
})()