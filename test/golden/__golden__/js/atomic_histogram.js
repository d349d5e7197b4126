// numbat: kernel kernel (f32[], i32[]) grid 1-D, generated JavaScript
(() => {
  function $atomicAddSubInt(a, i, v, isSub) {
    if (!(i >>> 0 < a.length)) return 0;
    return isSub ? Atomics.sub(a, i, v) : Atomics.add(a, i, v);
  }
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // x: f32[]
    const $b1 = $bufs[1]; // hist: i32[] (written)
    const $s0 = $scalars[0]; // grid0: i32
    const $s1 = $scalars[1]; // hist_length: i32
    const $s1_f32 = Math.fround($s1);
    $grid: for (let i = $begin; i < $end; i++) {
      let bin = Math.min(Math.fround(($s1 - 1 | 0)), Math.floor(Math.fround($b0[i] * $s1_f32)));
      $atomicAddSubInt($b1, (((bin === Math.trunc(bin)) && ((bin >= 0) && (bin < 2147483648))) ? (bin | 0) : (-1)), 1, false);
    }
    return undefined;
  }
  return { run };
})()