/**
 * A filter or order_by string the real MLflow server would refuse with
 * 400 INVALID_PARAMETER_VALUE. `position` / `length` locate the offending text
 * (0-based UTF-16 offsets into the input) so the UI can underline it; `length`
 * is 0 when something is missing at `position` (for example at the end of input).
 */
export class FilterSyntaxError extends Error {
  readonly position: number;
  readonly length: number;

  constructor(message: string, position: number, length: number) {
    super(message);
    this.name = 'FilterSyntaxError';
    this.position = position;
    this.length = length;
  }
}

/** An order_by entry was refused; `clauseIndex` says which entry of the list. */
export class OrderBySyntaxError extends FilterSyntaxError {
  readonly clauseIndex: number;

  constructor(message: string, position: number, length: number, clauseIndex: number) {
    super(message, position, length);
    this.name = 'OrderBySyntaxError';
    this.clauseIndex = clauseIndex;
  }
}
