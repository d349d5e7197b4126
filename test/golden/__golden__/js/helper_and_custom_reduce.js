// numbat: kernel kernel (f32[]) grid 1-D, generated JavaScript
(() => {
  function $combineLanes(lanes, has) {
    const pair = (a, b) => (has[a] ? (has[b] ? combine(lanes[a], lanes[b]) : lanes[a]) : has[b] ? lanes[b] : undefined);
    const low = pair(0, 1), high = pair(2, 3);
    return low === undefined ? high : high === undefined ? low : combine(low, high);
  }
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
    function $value(i) {
      let square_v = $b0[i];
      let square_result = 0;
      square_result = Math.fround(square_v * square_v);
      return Math.fround(square_result - 1);
    }
    let $a0 = 0, $a1 = 0, $a2 = 0, $a3 = 0, $h0 = false, $h1 = false, $h2 = false, $h3 = false;
    let $j = $begin;
    for (; $j + 3 < $end; $j += 4) {
      { const $x = $value($j); if ($h0) $a0 = combine($a0, $x); else { $a0 = $x; $h0 = true; } }
      { const $x = $value($j + 1); if ($h1) $a1 = combine($a1, $x); else { $a1 = $x; $h1 = true; } }
      { const $x = $value($j + 2); if ($h2) $a2 = combine($a2, $x); else { $a2 = $x; $h2 = true; } }
      { const $x = $value($j + 3); if ($h3) $a3 = combine($a3, $x); else { $a3 = $x; $h3 = true; } }
    }
    for (; $j < $end; $j++) {
      switch ($j & 3) { case 0: { const $x = $value($j); if ($h0) $a0 = combine($a0, $x); else { $a0 = $x; $h0 = true; } } break; case 1: { const $x = $value($j); if ($h1) $a1 = combine($a1, $x); else { $a1 = $x; $h1 = true; } } break; case 2: { const $x = $value($j); if ($h2) $a2 = combine($a2, $x); else { $a2 = $x; $h2 = true; } } break; default: { const $x = $value($j); if ($h3) $a3 = combine($a3, $x); else { $a3 = $x; $h3 = true; } } }
    }
    return $combineLanes([$a0, $a1, $a2, $a3], [$h0, $h1, $h2, $h3]);
  }
  return { run, combine };
})()