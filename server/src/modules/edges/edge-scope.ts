/** The edges a caller reaches; scoped edge queries require one. `AccessScope` satisfies it. */
export interface EdgeScope {
  readonly allEdges: boolean;
  readonly edgeIds: ReadonlySet<string>;
}
