// /api/public/forms (served by the public function): a form's public page and its submissions. No caller: the
// form's public key is the only credential, and the kernel limits requests per client address.
import { publicFormEndpoints } from '../../../contracts/forms.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readPublicForm, submitForm } from './service.js';

export const routes = implement(publicFormEndpoints, {
  async getPublicForm(ctx, { params }) {
    const form = await readPublicForm(ctx.db, params.publicKey);
    if (!form) throw notFound('Form');
    ctx.res.setHeader('Cache-Control', 'no-store');
    return form;
  },
  submitPublicForm: (ctx, { params, body }) => submitForm(ctx, params.publicKey, body),
});
