// numbat: kernel kernel (i32) grid 1-D, generated JavaScript
(() => {
  function $mix32(x) {
    x ^= x >>> 16; x = Math.imul(x, 0x7feb352d); x ^= x >>> 15; x = Math.imul(x, 0x846ca68b); x ^= x >>> 16;
    return x >>> 0;
  }
  function $random(seed, counter) {
    return ($mix32(($mix32(seed ^ 2654435769) + counter) | 0) >>> 8) * 5.9604644775390625e-8;
  }
  function run($bufs, $scalars, $begin, $end) {
    const $s0 = $scalars[0]; // grid0: i32
    const $s1 = $scalars[1]; // seed: i32
    let $acc = 0;
    $grid: for (let i = $begin; i < $end; i++) {
      let x = $random($s1, Math.imul(2, i));
      let y = $random($s1, (Math.imul(2, i) + 1 | 0));
      $acc += ((((x * x) + (y * y)) <= 1) ? 1 : 0);
      continue $grid;
    }
    return $acc;
  }
  return { run, combine: (a, b) => a + b, identity: 0 };
})()