/** The real edge as the poll cycle of part 4 runs it (its own process, see server/edge.main.ts). */
export { startEdge } from '../../edge/src/main';
