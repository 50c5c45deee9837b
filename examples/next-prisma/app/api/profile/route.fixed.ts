// FIXED — PATCH /api/profile of route.ts: only the fields a user may edit are written.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { prisma } from '@/lib/prisma';
import { currentUserId } from '@/lib/session';

const ProfileUpdate = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  bio: z.string().max(500).nullable().optional(),
  avatarUrl: z.string().url().nullable().optional(),
});

// Pattern 5, fixed: the body is parsed against the editable fields, then those are picked.
export async function PATCH(request: Request) {
  const userId = await currentUserId();
  if (!userId) return NextResponse.json({ error: 'sign in first' }, { status: 401 });

  const parsed = ProfileUpdate.safeParse(await request.json());
  if (!parsed.success) return NextResponse.json({ error: parsed.error.flatten() }, { status: 400 });

  const { name, bio, avatarUrl } = parsed.data;
  const user = await prisma.user.update({
    where: { id: userId },
    data: { name, bio, avatarUrl },
    select: { id: true, name: true, bio: true, avatarUrl: true },
  });
  return NextResponse.json(user);
}
