// numbat: kernel kernel (f64[]) grid 1-D, generated JavaScript
(() => {
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // x: f64[]
    const $s0 = $scalars[0]; // grid0: i32
    function $value(i) {
      return ($b0[i] * $b0[i]);
    }
    let $a0 = -0, $a1 = $a0, $a2 = $a0, $a3 = $a0;
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
  return { run, combine: (a, b) => a + b, identity: -0 };
})()