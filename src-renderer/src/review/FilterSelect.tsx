/** A filter's option: its value and, when the value is not what a reader should see, the text shown. */
export type FilterOption<T extends string> = T | { value: T; text: string };

type Props<T extends string> = {
  label: string;
  testId: string;
  value: T | undefined;
  options: readonly FilterOption<T>[];
} & (
  | { /** Offer "any" first, which clears the filter. */ any: true; onChange(value: T | undefined): void }
  | { any?: false; onChange(value: T): void }
);

/** One filter of a review queue: a labelled select over the options, with "any" when the filter may be off. */
export function FilterSelect<T extends string>(props: Props<T>) {
  const { label, testId, value, options } = props;
  return (
    <label>
      {label}
      <select
        data-testid={testId}
        value={value ?? ''}
        onChange={(e) => {
          const v = e.target.value as T;
          if (props.any) props.onChange(v === '' ? undefined : v);
          else props.onChange(v);
        }}
      >
        {props.any && <option value="">any</option>}
        {options.map((o) => {
          const { value: v, text } = typeof o === 'string' ? { value: o, text: o } : o;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}
