// FIXED — the routes of payments.vulnerable.ts: the view's card number is never selected.
import { Router } from 'express';
import { requireUser } from '../auth.js';
import { pool } from '../db.js';

export const paymentsRouter = Router();

// Pattern 4, fixed: the checkout shows brand, last four digits and expiry.
paymentsRouter.get('/me/cards', requireUser, async (req, res) => {
  const { rows } = await pool.query(
    'SELECT id, brand, last4, exp_month, exp_year, is_default FROM checkout_cards WHERE user_id = $1',
    [req.user!.id],
  );
  res.json(rows);
});

paymentsRouter.get('/me/cards/default', requireUser, async (req, res) => {
  const { rows } = await pool.query(
    'SELECT id, brand, last4, exp_month, exp_year FROM checkout_cards WHERE user_id = $1 AND is_default',
    [req.user!.id],
  );
  res.json(rows[0] ?? null);
});
