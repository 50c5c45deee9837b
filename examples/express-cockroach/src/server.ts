import express from 'express';
import { paymentsRouter as paymentsFixed } from './routes/payments.fixed.js';
import { paymentsRouter as paymentsVulnerable } from './routes/payments.vulnerable.js';
import { usersRouter as usersFixed } from './routes/users.fixed.js';
import { usersRouter as usersVulnerable } from './routes/users.vulnerable.js';

const app = express();
app.use(express.json({ limit: '100kb' }));

// The same routes twice: /v1 serves the vulnerable handlers, /v2 their fixed versions.
app.use('/v1', usersVulnerable, paymentsVulnerable);
app.use('/v2', usersFixed, paymentsFixed);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => {
  console.log(`shop API listening on http://localhost:${port}`);
});
