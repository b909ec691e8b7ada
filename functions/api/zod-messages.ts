import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.cjs';

// zod/mini ships no messages, so a wrong type would read "Invalid input": load the English ones
// (only these, not every locale) so problem+json says what was expected.
config(en());
