// Tests talk HTTPS to the local emulators; their CA must be trusted from process start.
export default function globalSetup(): void {
  if (!process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error('Run the tests with `npm test` (it trusts the local certificates through NODE_EXTRA_CA_CERTS).');
  }
}
