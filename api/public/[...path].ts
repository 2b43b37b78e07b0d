// The public function: endpoints without a signed-in caller under /api/public/… (a form's public page and its
// submissions). Its routes come from the registry (api/_lib/functions.ts, contracts/generated/routes.ts).
import { createFunction } from '../_lib/http/function.js';

export default createFunction('public', {
  'public-forms': () => import('../_lib/public-forms/routes.js'),
  'public-dashboards': () => import('../_lib/public-dashboards/routes.js'),
  widget: () => import('../_lib/widget/routes.js'),
  oauth: () => import('../_lib/oauth/routes.js'),
});
