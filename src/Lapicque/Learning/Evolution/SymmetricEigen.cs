namespace Lapicque.Learning.Evolution;

/// <summary>Eigendecomposition of a small symmetric matrix by the cyclic Jacobi method (Golub and Van Loan, 8.5).</summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Writes the eigenvalues of symmetric <paramref name="a"/> to <paramref name="values"/> and the eigenvectors as the columns
    /// of <paramref name="vectors"/>; <paramref name="a"/> is left unchanged.
    /// </summary>
    public static void Decompose(double[,] a, double[] values, double[,] vectors)
    {
        int n = values.Length;
        var m = (double[,])a.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                vectors[i, j] = i == j ? 1 : 0;
            }
        }

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (int i = 0; i < n; i++)
            {
                diag += m[i, i] * m[i, i];
                for (int j = i + 1; j < n; j++)
                {
                    off += m[i, j] * m[i, j];
                }
            }

            if (off <= 1e-30 * diag || off == 0)
            {
                break;
            }

            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = m[p, q];
                    if (apq == 0)
                    {
                        continue;
                    }

                    // Rotation that zeroes m[p, q]: t = tan(theta) from the smaller root of t^2 + 2 tau t - 1 = 0.
                    double tau = (m[q, q] - m[p, p]) / (2 * apq);
                    double t = Math.Sign(tau) == 0 ? 1 : Math.Sign(tau) / (Math.Abs(tau) + Math.Sqrt(1 + (tau * tau)));
                    double cos = 1 / Math.Sqrt(1 + (t * t)), sin = t * cos;
                    for (int k = 0; k < n; k++)
                    {
                        double mkp = m[k, p], mkq = m[k, q];
                        m[k, p] = (cos * mkp) - (sin * mkq);
                        m[k, q] = (sin * mkp) + (cos * mkq);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double mpk = m[p, k], mqk = m[q, k];
                        m[p, k] = (cos * mpk) - (sin * mqk);
                        m[q, k] = (sin * mpk) + (cos * mqk);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double vkp = vectors[k, p], vkq = vectors[k, q];
                        vectors[k, p] = (cos * vkp) - (sin * vkq);
                        vectors[k, q] = (sin * vkp) + (cos * vkq);
                    }
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            values[i] = m[i, i];
        }
    }
}
