/** Why dist/ cannot be run as it is (no build, or the first source newer than it), or null. */
export function staleReason(root?: string): string | null;
