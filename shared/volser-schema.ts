/** The zod schema of the VOLSER rule (domain.ts), for the contract and the catalog's input schemas. */
import { z } from 'zod';
import { VOLSER_PATTERN, VOLSER_RULE } from './domain.ts';

/** A VOLSER: exactly six of A–Z and 0–9; surrounding blanks are dropped and lower case is upper-cased. */
export const volserSchema = z.string().trim().toUpperCase().regex(VOLSER_PATTERN, VOLSER_RULE);
