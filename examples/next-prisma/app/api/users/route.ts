// VULNERABLE — GET /api/users. See route.fixed.ts next to it for the fixed version.
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

// Pattern 2: an ORM find-all returned as is. Every User row goes to the browser with its
// passwordHash, resetToken, email and staffNotes.
export async function GET() {
  const users = await prisma.user.findMany({ orderBy: { createdAt: 'desc' }, take: 100 });
  return NextResponse.json(users);
}
