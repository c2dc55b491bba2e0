/** The message of an admin API error (Strapi's error shape), or of any other failure. */
export const errorMessage = (error: unknown) =>
  (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
  (error as Error).message ??
  String(error);
