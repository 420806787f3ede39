-- The seed's DimScenario: actuals and the two kinds of plan.
select 'Actual' as scenario, 1 as sort_order, false as is_plan
union all
select 'Budget', 2, true
union all
select 'Forecast', 3, true
