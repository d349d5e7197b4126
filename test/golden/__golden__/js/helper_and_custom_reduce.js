// numbat: kernel kernel (f32[]) grid 1-D, generated JavaScript
(() => {
  function combine(a, b) {
    let combined = 0;
    L2: {
      combined = Math.max(a, b);
      break L2;
    }
    return combined;
  }
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // x: f32[]
    const $s0 = $scalars[0]; // grid0: i32
    let $acc = 0, $has = false;
    $grid: for (let i = $begin; i < $end; i++) {
      let square_v = $b0[i];
      let square_result = 0;
      square_result = Math.fround(square_v * square_v);
      if ($has) $acc = combine($acc, Math.fround(square_result - 1)); else { $acc = Math.fround(square_result - 1); $has = true; }
      continue $grid;
    }
    return $acc;
  }
  return { run, combine };
})()