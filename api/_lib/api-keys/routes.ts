import { apiKeyEndpoints } from '../../../contracts/api-keys.js';
import { implement } from '../http/implement.js';

export const routes = implement(apiKeyEndpoints, {});
