// VULNERABLE — see users.fixed.ts for the same routes done right.
import { Router } from 'express';
import { requireStaff, requireUser } from '../auth.js';
import { pool } from '../db.js';

export const usersRouter = Router();

// Pattern 1: a raw `SELECT *` returned as is. The row carries password_hash, reset_token and
// mfa_secret to every signed-in user who asks for any profile.
usersRouter.get('/users/:id', requireUser, async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  if (rows.length === 0) {
    res.status(404).json({ error: 'user not found' });
    return;
  }
  res.json(rows[0]);
});

// Pattern 3: a join for the support dashboard that projects the password hash of the user and
// the IP address and user agent of every login.
usersRouter.get('/support/users/:id/logins', requireStaff, async (req, res) => {
  const { rows } = await pool.query(
    `SELECT u.id, u.display_name, u.password_hash, a.ip_address, a.user_agent, a.outcome, a.logged_at
       FROM users AS u
       JOIN auth_log AS a ON a.user_id = u.id
      WHERE u.id = $1
      ORDER BY a.logged_at DESC
      LIMIT 50`,
    [req.params.id],
  );
  res.json({ logins: rows });
});
