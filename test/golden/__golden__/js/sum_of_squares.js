// numbat: kernel kernel (f64[]) grid 1-D, generated JavaScript
(() => {
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // x: f64[]
    const $s0 = $scalars[0]; // grid0: i32
    let $acc = 0;
    $grid: for (let i = $begin; i < $end; i++) {
      $acc += ($b0[i] * $b0[i]);
      continue $grid;
    }
    return $acc;
  }
  return { run, combine: (a, b) => a + b, identity: 0 };
})()