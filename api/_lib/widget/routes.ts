import { widgetEndpoints } from '../../../contracts/widget.js';
import { implement } from '../http/implement.js';

export const routes = implement(widgetEndpoints, {});
