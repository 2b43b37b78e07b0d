import { oauthEndpoints } from '../../../contracts/oauth.js';
import { implement } from '../http/implement.js';

export const routes = implement(oauthEndpoints, {});
