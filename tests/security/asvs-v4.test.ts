// OWASP ASVS 4.0 V4 Access control, one test per requirement row (tests/security/asvs/v4-access-control.ts).
import { v4 } from './asvs/v4-access-control.js';
import { runChapter, useSecurityApp } from './support.js';

useSecurityApp({ trustProxy: '1' });
runChapter(v4);
