// The CSV export's period: a plain GET form to the resource route (the browser downloads the
// file; no JavaScript involved). A wrong period comes back here with the reason next to the dates.
export function EarningsExportForm({ from, to, delimiter, errors }: { from: string; to: string; delimiter: string; errors: string[] }) {
  return (
    <form method="get" action="/dashboard/earnings/export.csv" className="card space-y-3" aria-labelledby="export-title">
      <h2 id="export-title" className="font-semibold">
        Exporter les séances d'une période
      </h2>
      <p className="text-sm text-slate-600">
        Toutes les séances de la période (dates incluses), pour Excel ou votre comptable. « montant » est le prix de chaque séance ; « encaissé » ne
        compte que les séances réalisées : sa somme sur un mois donne le chiffre « Ce mois ».
      </p>
      {errors.length > 0 ? (
        <ul role="alert" id="period-errors" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-4 sm:items-end">
        <label className="text-sm">
          <span className="block text-slate-600">Du</span>
          <input type="date" name="from" required defaultValue={from} className="input mt-1" aria-invalid={errors.length > 0 || undefined} aria-describedby={errors.length ? "period-errors" : undefined} />
        </label>
        <label className="text-sm">
          <span className="block text-slate-600">Au</span>
          <input type="date" name="to" required defaultValue={to} className="input mt-1" aria-invalid={errors.length > 0 || undefined} aria-describedby={errors.length ? "period-errors" : undefined} />
        </label>
        <label className="text-sm">
          <span className="block text-slate-600">Séparateur</span>
          <select name="delimiter" defaultValue={delimiter} className="input mt-1">
            <option value="semicolon">Point-virgule (Excel français)</option>
            <option value="comma">Virgule</option>
          </select>
        </label>
        <button type="submit" className="btn">
          Exporter CSV
        </button>
      </div>
    </form>
  );
}
