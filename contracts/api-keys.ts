// API keys: a workspace's keys for calling the API from outside (API.md "Analytics, services and the API platform").
import type { EndpointGroup } from './endpoint.js';

export const apiKeyEndpoints = {} satisfies EndpointGroup;
