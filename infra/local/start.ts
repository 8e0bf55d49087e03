/**
 * `npm start`: the local platform (API on :3000, site on :3001, DynamoDB Local and the S3 server under
 * .data/) arrives with the storage and API issue. Until then this says so plainly instead of failing
 * somewhere obscure.
 */
console.error(
  [
    'Gongshi: the local platform is not part of this build yet.',
    'It arrives with the next issue (storage, API and the local platform).',
    'What works now: `npm test` (the domain rules, R1–R6 and R11) and `npm run synth` (the CDK app).',
  ].join('\n'),
);
process.exitCode = 1;
