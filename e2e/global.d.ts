// Brings in the page's `window.hyperlab` debug hooks, as the tests see them in page.evaluate.
import type {} from '../app/debug-hooks';
