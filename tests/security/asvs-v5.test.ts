// OWASP ASVS 4.0 V5 Validation, one test per requirement row (tests/security/asvs/v5-validation.ts).
import { v5 } from './asvs/v5-validation.js';
import { runChapter, useSecurityApp } from './support.js';

useSecurityApp({ trustProxy: '1' });
runChapter(v5);
