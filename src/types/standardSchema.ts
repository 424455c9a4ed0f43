/**
 * The Standard Schema v1 interface (https://standardschema.dev), copied here as its spec recommends rather
 * than imported: `@SocketEvent` accepts any validator that implements it (zod ≥ 3.24, valibot, arktype,
 * effect schema...) and a-socket depends on none of them at run time.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1Props<Input, Output>;
}

export interface StandardSchemaV1Props<Input = unknown, Output = Input> {
  readonly version: 1;
  /** The library that made the schema, e.g. 'zod'. */
  readonly vendor: string;
  readonly validate: (value: unknown) => StandardSchemaV1Result<Output> | Promise<StandardSchemaV1Result<Output>>;
  /** Present for type inference only; never read at run time. */
  readonly types?: StandardSchemaV1Types<Input, Output> | undefined;
}

export type StandardSchemaV1Result<Output> = StandardSchemaV1Success<Output> | StandardSchemaV1Failure;

export interface StandardSchemaV1Success<Output> {
  readonly value: Output;
  readonly issues?: undefined;
}

export interface StandardSchemaV1Failure {
  readonly issues: ReadonlyArray<StandardSchemaV1Issue>;
}

export interface StandardSchemaV1Issue {
  readonly message: string;
  /** Where in the value: keys, or segments `{ key }`. */
  readonly path?: ReadonlyArray<PropertyKey | StandardSchemaV1PathSegment> | undefined;
}

export interface StandardSchemaV1PathSegment {
  readonly key: PropertyKey;
}

export interface StandardSchemaV1Types<Input = unknown, Output = Input> {
  readonly input: Input;
  readonly output: Output;
}

/** What a schema accepts: the type a client sends. */
export type InferSchemaInput<TSchema extends StandardSchemaV1> = NonNullable<TSchema['~standard']['types']>['input'];

/** What a schema hands over after validation (defaults and transforms applied): the type a handler receives. */
export type InferSchemaOutput<TSchema extends StandardSchemaV1> = NonNullable<TSchema['~standard']['types']>['output'];
