// Dashboards: grids of widgets over metric series, and their signed read-only share links
// (API.md "Analytics, services and the API platform").
import type { EndpointGroup } from './endpoint.js';

export const dashboardEndpoints = {} satisfies EndpointGroup;

/** The public page of a shared dashboard (`/api/public/dashboards/{token}`). */
export const publicDashboardEndpoints = {} satisfies EndpointGroup;
