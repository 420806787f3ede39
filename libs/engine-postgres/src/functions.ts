/**
 * Helper functions the validation SQL needs on PostgreSQL, which has no TRY_CAST: each returns
 * NULL instead of raising when the text does not convert. Installed once per database.
 */
export const POSTGRES_FUNCTIONS = `
create schema if not exists finlake_fn;

create or replace function finlake_fn.try_decimal(v text, p integer, s integer) returns numeric
language plpgsql immutable as $$
declare n numeric;
begin
  n := v::numeric;
  if n is null or n = 'NaN'::numeric or abs(n) >= power(10::numeric, p - s) then return null; end if;
  return round(n, s);
exception when others then return null;
end $$;

create or replace function finlake_fn.try_integer(v text) returns integer
language plpgsql immutable as $$
begin return v::integer; exception when others then return null; end $$;

create or replace function finlake_fn.try_bigint(v text) returns bigint
language plpgsql immutable as $$
begin return v::bigint; exception when others then return null; end $$;

create or replace function finlake_fn.try_date(v text) returns date
language plpgsql immutable as $$
begin return v::date; exception when others then return null; end $$;

create or replace function finlake_fn.try_timestamptz(v text) returns timestamptz
language plpgsql stable as $$
begin return v::timestamptz; exception when others then return null; end $$;
`;

/** The signature of every function above (as `to_regprocedure` reads it), to tell whether a database has them all. */
export const POSTGRES_FUNCTION_SIGNATURES: readonly string[] = [...POSTGRES_FUNCTIONS.matchAll(/create or replace function (finlake_fn\.\w+)\(([^)]*)\)/g)].map(
  ([, name, args]) => `${name}(${args!.split(',').map((arg) => arg.trim().split(/\s+/)[1]).join(', ')})`,
);
