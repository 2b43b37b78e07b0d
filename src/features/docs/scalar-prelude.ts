// Runs before Scalar's modules are evaluated, so that Scalar works under the app's Content-Security-Policy,
// whose script-src has no 'unsafe-eval'. It is loaded on its own, before ./scalar-mount: imported from that
// module instead, the bundle would evaluate it after the chunks that module depends on, i.e. too late.
// - zod (which Scalar validates its configuration with) probes `new Function('')` on the first object parse
//   to decide whether to compile parsers; under the policy that probe is a reported CSP violation.
//   Jitless mode skips the probe and parses the same way zod does wherever eval is unavailable.
// - Vue's esm-bundler build reads compile-time feature flags; define them, as Scalar's own React wrapper
//   does, so Vue neither warns about them nor keeps the devtools hook.
import { config } from 'zod';

config({ jitless: true });

Object.assign(globalThis, {
  __VUE_OPTIONS_API__: true,
  __VUE_PROD_DEVTOOLS__: false,
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
});
