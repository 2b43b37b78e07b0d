import { channelEndpoints } from '../../../contracts/channels.js';
import { implement } from '../http/implement.js';

export const routes = implement(channelEndpoints, {});
