/**
 * The decision routes' composition root: the core ports (decisions, agencies, calendar, clock), each built once
 * per process by its module under ports/ (a missing variable fails the cold start loudly). A function's manifest
 * row names the ports it may build; test/unit/architecture/ports.test.ts holds each handler to it.
 */
import type { Dependencies } from '../../shared/ports.ts';
import { agencies } from './ports/agencies.ts';
import { calendar } from './ports/calendar.ts';
import { clock, ids } from './ports/clock.ts';
import { decisions } from './ports/decisions.ts';

export const deps: Dependencies = { store: decisions, agencies, calendar, clock, ids };
