// layout.ts — reads the binding and uniform layout back from numbat's generated WGSL (the
// text `inspect()` returns), so the quality bench can bind numbat's shader through Dawn
// exactly as the backend does, without reaching into the kernel's private IR.
//
// It relies on what src/jit/codegen/wgsl.ts writes: the `NbParams` uniform struct with one
// 32-bit word per field and a comment naming what supplies each scalar ("a (argument 0)",
// "length of x (b1)", "grid 1"), `// name: dtype (argument N)` after each storage buffer,
// `nb_partials` for reduce kernels. Arguments are matched by position, never by name (a
// bundler may rename parameters).

/** One 32-bit field of numbat's uniform struct, in order. */
export interface UniformField {
  readonly name: string;
  readonly type: 'u32' | 'i32' | 'f32';
  /** What supplies it: a parameter name, "length of x", "grid 1"; empty for header fields. */
  readonly source: string;
}

/** Everything needed to bind and dispatch numbat's shader. */
export interface NumbatLayout {
  /** Storage buffer i (`b<i>`): its binding and the launch argument it binds. */
  readonly buffers: readonly { readonly binding: number; readonly argument: number }[];
  readonly uniform: readonly UniformField[];
  readonly partialsBinding: number | null;
  /** Bytes per partial: 8 ({ value, has }), 16 for a 64-bit integer sum ({ vec2<u32>, has }). */
  readonly partialBytes: number;
  /** Invocations per workgroup of `main`. */
  readonly workgroupSize: number;
}

/** Parses the layout of numbat's WGSL `code`; throws naming what it could not find. */
export function parseNumbatLayout(code: string): NumbatLayout {
  if (code.includes('var<storage, read> nb_pack:'))
    throw new Error(
      'numbat packed read-only arrays into one binding (past the storage-buffer limit); the quality bench binds arrays one by one',
    );
  const struct = /struct NbParams \{\n([\s\S]*?)\n\}/.exec(code);
  if (!struct) throw new Error('numbat WGSL without a NbParams uniform struct');
  const uniform = struct[1]!.split('\n').map((line): UniformField => {
    const field = /^\s*(\w+): (u32|i32|f32),(?: \/\/ (.*))?$/.exec(line);
    if (!field) throw new Error(`unexpected NbParams field line: '${line}'`);
    return { name: field[1]!, type: field[2] as UniformField['type'], source: field[3] ?? '' };
  });
  const buffers = [
    ...code.matchAll(
      /@binding\((\d+)\) var<storage, (?:read|read_write)> b(\d+): array<[^;]*>; \/\/ \w+: \w+ \(argument (\d+)\)/g,
    ),
  ]
    .map((m) => ({ index: Number(m[2]), binding: Number(m[1]), argument: Number(m[3]) }))
    .sort((a, b) => a.index - b.index)
    .map(({ binding, argument }) => ({ binding, argument }));
  const partials = /@binding\((\d+)\) var<storage, read_write> nb_partials/.exec(code);
  const workgroup = /@workgroup_size\((\d+)\)/.exec(code);
  if (!workgroup) throw new Error('numbat WGSL without @workgroup_size');
  return {
    buffers,
    uniform,
    partialsBinding: partials ? Number(partials[1]) : null,
    partialBytes: /struct NbPartial \{ value: vec2<u32>/.test(code) ? 16 : 8,
    workgroupSize: Number(workgroup[1]),
  };
}

/** What the uniform fields read at launch. */
export interface UniformValues {
  readonly grid: readonly number[];
  readonly partials: number;
  /** The launch arguments after the grid: typed arrays give their length, numbers their value. */
  readonly args: readonly (ArrayLike<number> | number)[];
}

/** The uniform buffer's bytes for one launch, filled as the webgpu backend fills them. */
export function fillUniform(layout: NumbatLayout, values: UniformValues): ArrayBuffer {
  const fields = layout.uniform;
  const words = new ArrayBuffer(Math.ceil(fields.length / 4) * 16);
  const u32 = new Uint32Array(words);
  const i32 = new Int32Array(words);
  const f32 = new Float32Array(words);
  const lengthOfBuffer = (index: number, field: string): number => {
    const buffer = layout.buffers[index];
    const arg = buffer ? values.args[buffer.argument] : undefined;
    if (arg === undefined || typeof arg === 'number')
      throw new Error(
        `uniform field ${field} reads the length of b${index}, which is not an array argument`,
      );
    return arg.length;
  };
  const lengthOfArgument = (argument: number, field: string): number => {
    const arg = values.args[argument];
    if (arg === undefined || typeof arg === 'number')
      throw new Error(
        `uniform field ${field} reads the shape of argument ${argument}, which is not an array`,
      );
    return arg.length;
  };
  fields.forEach((field, k) => {
    const header = /^(total|g\d|partials|zero|pad\d)$/.exec(field.name);
    const len = /^len(\d+)$/.exec(field.name);
    const fromArg = /\(argument (\d+)\)$/.exec(field.source);
    const fromLength = /^length of \w+ \(b(\d+)\)$/.exec(field.source);
    const fromGrid = /^grid (\d)$/.exec(field.source);
    const fromOffset = /^offset of argument (\d+)$/.exec(field.source);
    const fromShape = /^(shape|stride) (\d) of argument (\d+)$/.exec(field.source);
    let value: number;
    if (header) value = headerValue(field.name, values);
    else if (len) value = lengthOfBuffer(Number(len[1]), field.name);
    else if (fromLength) value = lengthOfBuffer(Number(fromLength[1]), field.name);
    else if (fromGrid) value = values.grid[Number(fromGrid[1])] ?? 1;
    // The bench binds whole 1-D arrays: offset 0, shape = length, stride 1.
    else if (fromOffset) value = 0;
    else if (fromShape)
      value = fromShape[1] === 'stride' ? 1 : lengthOfArgument(Number(fromShape[3]), field.name);
    else if (fromArg) {
      const arg = values.args[Number(fromArg[1])];
      if (typeof arg !== 'number')
        throw new Error(
          `uniform field ${field.name} reads argument ${fromArg[1]}, which is not a number`,
        );
      value = arg;
    } else
      throw new Error(
        `uniform field ${field.name} ('${field.source}') is not supported by the quality bench`,
      );
    if (field.type === 'f32') f32[k] = value;
    else if (field.type === 'i32') i32[k] = value;
    else u32[k] = value >>> 0;
  });
  return words;
}

function headerValue(name: string, values: UniformValues): number {
  if (name === 'total') return values.grid.reduce((a, b) => a * b, 1);
  if (name === 'partials') return values.partials;
  const axis = /^g(\d)$/.exec(name);
  return axis ? (values.grid[Number(axis[1])] ?? 1) : 0;
}
