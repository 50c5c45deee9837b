// VULNERABLE — see payments.fixed.ts for the same routes done right.
import { Router } from 'express';
import { requireUser } from '../auth.js';
import { pool } from '../db.js';

export const paymentsRouter = Router();

// Pattern 4: the checkout_cards view (schema.sql) projects the full card number as `card`.
// `SELECT *` from it sends the card number to the browser…
paymentsRouter.get('/me/cards', requireUser, async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM checkout_cards WHERE user_id = $1', [req.user!.id]);
  res.json(rows);
});

// …and so does naming the view's `card` column.
paymentsRouter.get('/me/cards/default', requireUser, async (req, res) => {
  const { rows } = await pool.query(
    'SELECT id, brand, card, exp_month, exp_year FROM checkout_cards WHERE user_id = $1 AND is_default',
    [req.user!.id],
  );
  res.json(rows[0] ?? null);
});
