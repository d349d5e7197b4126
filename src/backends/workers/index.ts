// index.ts — the workers backend as the registry sees it: one process-wide instance over
// the shared heap, wired to the JS codegen.

import { generateJs } from '../../jit/codegen/js.js';
import { codegenOptionsFor } from '../../jit/sites.js';
import { WorkersBackend } from './workersBackend.js';

export { WorkersBackend } from './workersBackend.js';
export type { WorkersBackendOptions, JsCodegen } from './workersBackend.js';

/** The process-wide 'workers' backend (its heap and pool are created on first use). */
export const workersBackend = new WorkersBackend({
  codegen: (ir) => generateJs(ir, codegenOptionsFor(ir)),
});
