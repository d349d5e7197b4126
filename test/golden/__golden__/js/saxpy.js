// numbat: kernel kernel (float, f32[], f32[], f32[]) grid 1-D, generated JavaScript
(() => {
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // x: f32[]
    const $b1 = $bufs[1]; // y: f32[]
    const $b2 = $bufs[2]; // out: f32[] (written)
    const $s0 = $scalars[0]; // grid0: i32
    const $s1 = $scalars[1]; // a: float
    const $s1_f32 = Math.fround($s1);
    $grid: for (let i = $begin; i < $end; i++) {
      $b2[i] = Math.fround(Math.fround($s1_f32 * $b0[i]) + $b1[i]);
    }
    return undefined;
  }
  return { run };
})()