import { assistantEndpoints } from '../../../contracts/assistant.js';
import { implement } from '../http/implement.js';

export const routes = implement(assistantEndpoints, {});
