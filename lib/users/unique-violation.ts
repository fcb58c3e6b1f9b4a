// Prisma's "unique constraint failed" (P2002), told apart from every other database error.
import { Prisma } from "../generated/prisma/client";

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}
