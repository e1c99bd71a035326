namespace Lapicque.Learning.Evolution;

/// <summary>Eigendecomposition of a small symmetric matrix by the cyclic Jacobi method (Golub and Van Loan, 8.5).</summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Writes the eigenvalues of symmetric <paramref name="a"/> to <paramref name="values"/> and the eigenvectors as the columns
    /// of <paramref name="vectors"/>; <paramref name="a"/> is left unchanged. <paramref name="vectors"/> must hold an orthogonal
    /// matrix on entry (the identity, or the previous eigenvectors): the method rotates B^T A B, which is nearly diagonal when
    /// A changed little since B was computed, so one or two sweeps suffice.
    /// </summary>
    public static void Decompose(double[,] a, double[] values, double[,] vectors)
    {
        int n = values.Length;

        // Flat row-major copies: m = B^T A B, v = B.
        var v = new double[n * n];
        var t = new double[n * n];
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                v[(i * n) + j] = vectors[i, j];
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                double aik = a[i, k];
                for (int j = 0; j < n; j++)
                {
                    t[(i * n) + j] += aik * v[(k * n) + j];
                }
            }
        }

        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double bki = v[(k * n) + i];
                for (int j = 0; j < n; j++)
                {
                    m[(i * n) + j] += bki * t[(k * n) + j];
                }
            }
        }

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (int i = 0; i < n; i++)
            {
                diag += m[(i * n) + i] * m[(i * n) + i];
                for (int j = i + 1; j < n; j++)
                {
                    off += m[(i * n) + j] * m[(i * n) + j];
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
                    double apq = m[(p * n) + q];
                    if (apq == 0)
                    {
                        continue;
                    }

                    // Rotation that zeroes m[p, q]: t = tan(theta) from the smaller root of t^2 + 2 tau t - 1 = 0.
                    double tau = (m[(q * n) + q] - m[(p * n) + p]) / (2 * apq);
                    double tan = tau == 0 ? 1 : Math.Sign(tau) / (Math.Abs(tau) + Math.Sqrt(1 + (tau * tau)));
                    double cos = 1 / Math.Sqrt(1 + (tan * tan)), sin = tan * cos;
                    for (int k = 0; k < n; k++)
                    {
                        double mkp = m[(k * n) + p], mkq = m[(k * n) + q];
                        m[(k * n) + p] = (cos * mkp) - (sin * mkq);
                        m[(k * n) + q] = (sin * mkp) + (cos * mkq);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double mpk = m[(p * n) + k], mqk = m[(q * n) + k];
                        m[(p * n) + k] = (cos * mpk) - (sin * mqk);
                        m[(q * n) + k] = (sin * mpk) + (cos * mqk);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[(k * n) + p], vkq = v[(k * n) + q];
                        v[(k * n) + p] = (cos * vkp) - (sin * vkq);
                        v[(k * n) + q] = (sin * vkp) + (cos * vkq);
                    }
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            values[i] = m[(i * n) + i];
            for (int j = 0; j < n; j++)
            {
                vectors[i, j] = v[(i * n) + j];
            }
        }
    }
}
