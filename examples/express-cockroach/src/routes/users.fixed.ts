// FIXED — the routes of users.vulnerable.ts, projecting only what the client needs.
import { Router } from 'express';
import { requireStaff, requireUser } from '../auth.js';
import { pool } from '../db.js';

export const usersRouter = Router();

// Pattern 1, fixed: the public profile lists its columns.
usersRouter.get('/users/:id', requireUser, async (req, res) => {
  const { rows } = await pool.query('SELECT id, display_name, created_at FROM users WHERE id = $1', [
    req.params.id,
  ]);
  if (rows.length === 0) {
    res.status(404).json({ error: 'user not found' });
    return;
  }
  res.json(rows[0]);
});

// Pattern 3, fixed: support sees when and how each login went; the credentials stay in the
// database and the IP addresses in the audit log.
usersRouter.get('/support/users/:id/logins', requireStaff, async (req, res) => {
  const { rows } = await pool.query(
    `SELECT a.id, a.outcome, a.logged_at
       FROM users AS u
       JOIN auth_log AS a ON a.user_id = u.id
      WHERE u.id = $1
      ORDER BY a.logged_at DESC
      LIMIT 50`,
    [req.params.id],
  );
  res.json({ logins: rows });
});
