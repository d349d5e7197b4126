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
    function $value(i) {
      let x = $random($s1, Math.imul(2, i));
      let y = $random($s1, (Math.imul(2, i) + 1 | 0));
      return ((((x * x) + (y * y)) <= 1) ? 1 : 0);
    }
    let $a0 = 0, $a1 = $a0, $a2 = $a0, $a3 = $a0;
    let $j = $begin;
    for (; $j + 3 < $end; $j += 4) {
      $a0 = ($a0 + $value($j));
      $a1 = ($a1 + $value($j + 1));
      $a2 = ($a2 + $value($j + 2));
      $a3 = ($a3 + $value($j + 3));
    }
    for (; $j < $end; $j++) {
      switch ($j & 3) { case 0: $a0 = ($a0 + $value($j)); break; case 1: $a1 = ($a1 + $value($j)); break; case 2: $a2 = ($a2 + $value($j)); break; default: $a3 = ($a3 + $value($j)); }
    }
    return (($a0 + $a1) + ($a2 + $a3));
  }
  return { run, combine: (a, b) => a + b, identity: 0 };
})()